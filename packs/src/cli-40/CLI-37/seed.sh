chmod +x stage/app/setup.sh && tar -cJf bundle.tar.gz -C stage app && rm -rf stage
