"""Norda Biznes Partner — lab twin of the Flask application (app:app, served by gunicorn).

A stand-in with the routes the runbooks use (/health, /); the real application is 13k lines.
"""
import os
import socket

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/health")
def health():
    """Health endpoint used by monitoring and the deployment checklist."""
    return jsonify(status="ok", service="nordabiznes", host=socket.gethostname())


@app.route("/")
def index():
    """Landing page."""
    return "<!DOCTYPE html><html><head><title>Norda Biznes Partner</title></head><body><h1>Norda Biznes Partner</h1></body></html>"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
