"""Test helpers other apps and the benchmarks may import (not loaded in production)."""
