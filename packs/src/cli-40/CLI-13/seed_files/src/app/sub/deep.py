# TODO: deeper one
VALUE = 'TODO in a string still counts'
