"""The eval suite: datasets, metrics, a runner with a regression gate, and a results history."""
