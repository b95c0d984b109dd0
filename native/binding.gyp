# descent's native backend. The per-ISA kernel units are static libraries with their own flags, so
# AVX-512 / AVX2 code exists only in those units and runs only when the CPU check in dispatch.cc allows
# it; everything else is built for the baseline target and loads on any CPU of the architecture.
{
  'target_defaults': {
    'cflags_cc!': ['-fno-exceptions', '-std=gnu++17'],
    'cflags_cc': ['-std=gnu++17', '-fexceptions', '-O3', '-fno-math-errno', '-Wno-unused-function'],
    'xcode_settings': {
      'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
      'CLANG_CXX_LANGUAGE_STANDARD': 'gnu++17',
      'OTHER_CPLUSPLUSFLAGS': ['-O3', '-fno-math-errno'],
    },
    'msvs_settings': {'VCCLCompilerTool': {'ExceptionHandling': 1, 'AdditionalOptions': ['/std:c++17']}},
    'conditions': [
      ['OS!="win"', {'cflags': ['-fPIC']}],
    ],
  },
  'targets': [
    {
      'target_name': 'descent_native',
      'sources': ['src/addon.cc', 'src/pool.cc', 'src/dispatch.cc', 'src/isa_portable.cc', 'src/windows.cc',
                  'src/windows_pool.cc', 'src/windows_napi.cc'],
      'conditions': [
        ['target_arch=="x64" and OS!="win"', {
          'defines': ['DESCENT_X86_KERNELS'],
          'dependencies': ['descent_avx2', 'descent_avx512'],
        }],
      ],
    },
  ],
  'conditions': [
    ['target_arch=="x64" and OS!="win"', {
      'targets': [
        {
          'target_name': 'descent_avx2',
          'type': 'static_library',
          'defines': ['DESCENT_X86_KERNELS'],
          'sources': ['src/isa_avx2.cc'],
          'cflags_cc': ['-mavx2', '-mfma'],
          'xcode_settings': {'OTHER_CPLUSPLUSFLAGS': ['-mavx2', '-mfma']},
        },
        {
          'target_name': 'descent_avx512',
          'type': 'static_library',
          'defines': ['DESCENT_X86_KERNELS'],
          'sources': ['src/isa_avx512.cc'],
          # GCC 12's avx512fintrin.h trips -Wuninitialized on its own _mm512_undefined_ps (a false positive).
          'cflags_cc': ['-mavx512f', '-mfma', '-Wno-uninitialized', '-Wno-maybe-uninitialized'],
          'xcode_settings': {'OTHER_CPLUSPLUSFLAGS': ['-mavx512f', '-mfma']},
        },
      ],
    }],
  ],
}
