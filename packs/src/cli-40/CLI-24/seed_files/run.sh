#!/bin/bash
exec ./current/bin/start "$@"
