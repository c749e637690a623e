tar -czf release.tar.gz release && rm -rf release
