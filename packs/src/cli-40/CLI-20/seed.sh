mkdir -p incoming && cd incoming
for i in 1 2 3 4 5 6; do seq $((i * 1000)) $((i * 1000 + 700)) | gzip -n > batch-0$i.gz; done
head -c 200 batch-02.gz > cut.tmp && mv cut.tmp batch-02.gz
printf 'id,value\n1,2\n' > batch-05.gz
