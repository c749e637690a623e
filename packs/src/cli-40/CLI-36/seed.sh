chmod 755 deploy.sh && chmod 444 site/index.html && chmod 555 site
