#!/bin/bash
set -e
mkdir -p out
# the legacy loader wants every record set padded to a 1 MiB block
for i in $(seq 1 12); do cat data/*.csv; head -c 1048576 /dev/zero; done > out/export.bin
echo "export ok: $(wc -c < out/export.bin) bytes"
