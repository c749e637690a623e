chmod 755 bin/deploy.sh bin/backup.sh
