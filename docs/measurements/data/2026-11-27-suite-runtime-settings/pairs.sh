#!/usr/bin/env bash
# pairs.sh NAME FILTER-KEY SETTING...: for each setting, two pairs (setting beside default, started together, order swapped)
proj=Tests/Grader.Reference.Tests
F="$1"; shift
for s in "$@"; do
  n=$(echo "$s" | tr '=' '_')
  for p in 1 2; do
    if [ $p = 1 ]; then
      /tmp/hs6/run1.sh "w1-$n-p$p-set" $proj "$F" "$s" & sleep 1; /tmp/hs6/run1.sh "w1-$n-p$p-def" $proj "$F" & wait
    else
      /tmp/hs6/run1.sh "w1-$n-p$p-def" $proj "$F" & sleep 1; /tmp/hs6/run1.sh "w1-$n-p$p-set" $proj "$F" "$s" & wait
    fi
  done
done
