// Tailwind CSS v4 through PostCSS (Next.js picks this file up). The theme itself lives in
// app/globals.css: CSS variables for light and dark, mapped to Tailwind colour utilities.
const config = {
  plugins: {
    '@tailwindcss/postcss': {},
  },
};

export default config;
