#!/bin/sh
echo fmt
