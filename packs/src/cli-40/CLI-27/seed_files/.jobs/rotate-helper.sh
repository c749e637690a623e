#!/bin/bash
while :; do date +%s%N >> /workspace/spool/events.log; sleep 0.2; done
