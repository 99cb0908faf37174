"""Live rooms: moderated real-time sessions over Socket.IO, kept as forum threads."""
