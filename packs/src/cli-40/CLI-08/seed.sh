chmod 755 scripts scripts/lib scripts/tools && chmod 644 $(find scripts -type f)
