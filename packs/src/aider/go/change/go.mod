module change

go 1.19
