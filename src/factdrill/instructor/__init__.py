"""Instructor output built on generated items: printable exams and study sheets."""
