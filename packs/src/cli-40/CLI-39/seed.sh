chmod +x convert.sh && printf 'R\351sum\351 of the na\357ve plan\n' > input/notes-2.txt
