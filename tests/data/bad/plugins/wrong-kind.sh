#!/bin/sh
echo '{"apiVersion":"v1","kind":"Pod"}'
