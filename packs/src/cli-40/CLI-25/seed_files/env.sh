# settings for process.sh
export INPUT_FILE=input.txt
export OUTPUTDIR=results
