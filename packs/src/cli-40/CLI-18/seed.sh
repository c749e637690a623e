zip -qr logs.zip logs && rm -rf logs
