"""trainer: practise the shape rules and gradients of matrix calculus, judged by autograd."""

__version__ = "0.1.0"
