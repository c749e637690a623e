module brackets

go 1.19
