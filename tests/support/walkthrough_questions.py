"""Question texts that more than one walkthrough test file builds on."""

CHAIN = """
- id: chain
  title: A chain
  dims: {m: 2..6, n: 2..6}
  given: {W: [m, n], x: [n], b: [m]}
  forward:
    - z = W @ x + b
    - h = relu(z)
    - loss = sum(h)
  wrt: W
  prompt: What is ∂loss/∂W?
  answer: outer(step(z), x)
"""


MLP = """
- id: mlp
  title: Two layers
  dims: {d: 2..5, k: 6..9, q: 2..5}
  given: {x: [d], W1: [k, d], b1: [k], W2: [q, k], b2: [q]}
  forward:
    - z = W1 @ x + b1
    - h = relu(z)
    - o = W2 @ h + b2
    - loss = sum(o * o) / 2
  wrt: W1
  prompt: What is ∂loss/∂W1?
  answer: outer(step(z) * (W2.T @ o), x)
"""

UPSTREAM = """
- id: vjp-chain
  title: A VJP through tanh
  dims: {m: 2..6, n: 2..6}
  given: {W: [m, n], x: [n], g: [m]}
  forward:
    - z = W @ x
    - y = tanh(z)
  of: y
  upstream: g
  wrt: x
  prompt: y.backward(gradient=g). What is x.grad?
  answer: W.T @ (g * (1 - y^2))
"""
