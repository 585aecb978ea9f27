#!/bin/bash
. /tmp/hc/tools.env
/tmp/hc/run.sh $B branch-q2 quick & /tmp/hc/run.sh $M main-q2 quick & wait
/tmp/hc/run.sh $M main-q3 quick & /tmp/hc/run.sh $B branch-q3 quick & wait
echo done >> /tmp/hc/runs/log.txt
