#!/bin/bash
# wraps every input/*.txt into output/<name>.md; stops at the first error
set -e
mkdir -p output
for f in input/*.txt; do
  name=$(basename "$f" .txt)
  iconv -f UTF-8 -t UTF-8 "$f" > "output/$name.tmp"
  { echo "# $name"; cat "output/$name.tmp"; } > "output/$name.md"
  rm "output/$name.tmp"
done
echo "converted $(ls output | wc -l) files"
