#!/bin/bash
. /tmp/hc/tools.env
for i in 1 2 3; do
  /tmp/hc/run.sh $M main-q$i quick & /tmp/hc/run.sh $B branch-q$i quick & wait
done
/tmp/hc/run.sh $M main-f1 full & /tmp/hc/run.sh $B branch-f1 full & wait
echo done >> /tmp/hc/runs/log.txt
