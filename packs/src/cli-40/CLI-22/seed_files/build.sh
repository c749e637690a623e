#!/bin/bash
set -e
mkdir -p dist
printf 'version=%s\n' "$(cat VERSION)" > dist/app.txt
echo built
