#!/bin/sh
exec sleep 45
