module isbn

go 1.19
