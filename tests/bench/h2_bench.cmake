# h2_bench: Wirepad's HTTP/2 engine in process (H2Batch over the POSIX transport, the logs
# dropped as they finish) against h2load, the request rate of scripts/bench_h2.sh.
add_executable(h2_bench ${CMAKE_CURRENT_LIST_DIR}/h2_bench.cpp
  ${PROJECT_SOURCE_DIR}/native/posix_transport.cpp ${PROJECT_SOURCE_DIR}/native/tls_client.cpp
  ${PROJECT_SOURCE_DIR}/native/h2_batch_blocking.cpp)
target_include_directories(h2_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(h2_bench PRIVATE wirepad_core wirepad_nghttp2 OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
