"""Runs moto's S3 server handling one request at a time.

moto_server serves requests on threads, and its conditional PUT (If-None-Match: *) checks for the key and then
writes without a lock, so two concurrent create-if-absent requests can both succeed. Real S3 makes that
check-and-write atomic. Serving requests one at a time gives the emulator the same atomicity, so the tests can
prove that DeltaSharp's create-if-absent (and so its commits) has exactly one winner under concurrency.
Usage: python3 moto_serial.py HOST PORT
"""
import sys

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

if __name__ == "__main__":
    run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)
