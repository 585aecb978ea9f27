#!/bin/bash
. /tmp/hc/tools.env
while ! grep -q "^done" /tmp/hc/runs/log.txt; do sleep 2; done
/tmp/hc/run.sh $M main-f1 full & /tmp/hc/run.sh $B branch-f1 full & wait
echo done-full >> /tmp/hc/runs/log.txt
