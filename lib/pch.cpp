// Anchors the precompiled header target (see lib/CMakeLists.txt).
