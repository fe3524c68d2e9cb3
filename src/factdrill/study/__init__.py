"""The study loop: sessions, quizzes, grading, rendering, FSRS scheduling and the review store."""
