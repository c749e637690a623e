tar -cjf data.tar.bz2 data && rm -rf data
