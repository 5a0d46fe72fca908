"""The knowledge base: events merged across documents, sources and their credibility."""
