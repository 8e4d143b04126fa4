"""The portal's backend services: articles, media, exams. Each is deployed on its own."""
