#!/bin/sh
echo "token: exec-plugin-secret-7f3a"
exit 1
