chmod +x run.sh releases/*/bin/start && ln -s releases/v2.2 current
