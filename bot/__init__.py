"""banbot's retrieval core: load the knowledge, answer a question with verbatim quotes."""

from bot.answerer import Answerer
from bot.knowledge import KnowledgeError, bundled_knowledge_dir, load_knowledge
from bot.models import Answer, Article, Quote, Source

__all__ = [
    "Answer",
    "Answerer",
    "Article",
    "KnowledgeError",
    "Quote",
    "Source",
    "bundled_knowledge_dir",
    "load_knowledge",
]
