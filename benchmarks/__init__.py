"""Scripts that print speed, memory and accuracy figures (run them directly; they are not tests)."""
