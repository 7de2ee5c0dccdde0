# client_bench: Wirepad's HTTP client against libcurl and cpp-httplib (scripts/bench_client.sh).
# Needs libcurl4-openssl-dev (the script installs it when missing).
find_package(CURL)
if(CURL_FOUND)
  add_executable(client_bench ${CMAKE_CURRENT_LIST_DIR}/client_bench.cpp
    ${PROJECT_SOURCE_DIR}/native/posix_transport.cpp ${PROJECT_SOURCE_DIR}/native/tls_client.cpp
    ${PROJECT_SOURCE_DIR}/native/blocking_client.cpp)
  target_include_directories(client_bench PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(client_bench PRIVATE wirepad_core CURL::libcurl PkgConfig::HTTPLIB
    OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
else()
  message(STATUS "client_bench: libcurl development files not found; skipped")
endif()
