chmod 755 sync.sh && chmod 200 vault/reports/r1.csv && chmod 000 vault/reports/2024
