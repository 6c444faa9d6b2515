FROM python:3.11-slim
# Production defaults: DEBUG off, and no secret key in the image. SECRET_KEY (or
# SECRET_KEY_FILE, a Docker secret) must be given at run time, or the site refuses to start.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0 GUNICORN_BIND=0.0.0.0:8000
WORKDIR /app
# The locked runtime dependencies, every file checked against its hash (python3 dev.py lock).
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"]
