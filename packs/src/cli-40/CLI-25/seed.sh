chmod +x process.sh
