#!/bin/sh
echo "plugin failed on purpose" >&2
exit 3
