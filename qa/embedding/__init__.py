"""Text -> unit vectors: the Embedder protocol, the torch and ONNX encoders, the ONNX export."""
