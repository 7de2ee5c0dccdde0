# ws_bench: Wirepad's WebSocket client against a Boost.Beast client, through the lab's
# WebSocket echo (scripts/bench_ws.sh). Beast is headers only (libboost-dev).
add_executable(ws_bench ${CMAKE_CURRENT_LIST_DIR}/ws_bench.cpp
  ${PROJECT_SOURCE_DIR}/native/posix_transport.cpp ${PROJECT_SOURCE_DIR}/native/tls_client.cpp
  ${PROJECT_SOURCE_DIR}/native/os_random.cpp ${PROJECT_SOURCE_DIR}/native/cli_ws.cpp)
target_include_directories(ws_bench PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(ws_bench PRIVATE wirepad_core Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
target_compile_definitions(ws_bench PRIVATE BOOST_BEAST_USE_STD_STRING_VIEW BOOST_ASIO_NO_DEPRECATED)
