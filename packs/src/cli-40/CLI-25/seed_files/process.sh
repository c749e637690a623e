#!/bin/bash
set -euo pipefail
source ./env.sh
mkdir -p "$OUTPUT_DIR"
sort -u "$INPUT_FILE" > "$OUTPUT_DIR/unique.txt"
echo "wrote $(wc -l < "$OUTPUT_DIR/unique.txt") lines to $OUTPUT_DIR"
