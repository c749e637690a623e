#!/bin/bash
set -e
cp -r build/. site/
echo "deployed $(find site -type f | wc -l) files"
