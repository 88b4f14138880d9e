# shellcheck shell=bash
# lab/twins/nordabiznes-app.sh — the Norda Biznes application as deployed on its servers (shared by the
# nb-vps and nb-staging twins): /var/www/nordabiznes (app.py, venv/bin/gunicorn, .env, templates…),
# /var/log/nordabiznes, owned by maciejpi. Not a twin itself.

# nordabiznes_files ROOT DB_PASSWORD: deploy the application tree into root tree ROOT (files only).
nordabiznes_files() {
  local r=$1 pw=$2 w=$1/var/www/nordabiznes
  mkdir -p "$w/venv/bin" "$w/templates" "$w/static/css" "$w/scripts" "$r/var/log/nordabiznes"
  cp "$LAB_ROOT/twins/files/nordabiznes/app.py" "$w/app.py"
  printf '"""SQLAlchemy models (lab twin stub)."""\n' >"$w/database.py"
  for s in seo_audit social_media_audit gbp_audit fetch_company_news; do printf '"""%s (lab twin stub)."""\n' "$s" >"$w/scripts/$s.py"; done
  echo '<!doctype html><title>Norda Biznes</title>' >"$w/templates/base.html"
  echo 'body{font-family:sans-serif}' >"$w/static/css/main.css"
  # a venv as `python3 -m venv` + `pip install gunicorn` leaves it: python is a symlink, gunicorn is pip's
  # console-script file (its package is the distribution's: same entry point, no network install)
  ln -sfn /usr/bin/python3 "$w/venv/bin/python"; ln -sfn python "$w/venv/bin/python3"
  rm -f "$w/venv/bin/gunicorn"
  printf '%s\n' '#!/var/www/nordabiznes/venv/bin/python' '# -*- coding: utf-8 -*-' 'import re' 'import sys' \
    'from gunicorn.app.wsgiapp import run' "if __name__ == '__main__':" \
    "    sys.argv[0] = re.sub(r'(-script\.pyw|\.exe)?\$', '', sys.argv[0])" '    sys.exit(run())' >"$w/venv/bin/gunicorn"
  chmod 755 "$w/venv/bin/gunicorn"
  printf 'DATABASE_URL=postgresql://nordabiz_app:%s@localhost:5432/nordabiz\nGOOGLE_GEMINI_API_KEY=LabSecret-gemini-nb-do-not-leak-8d40\nBRAVE_API_KEY=LabSecret-brave-do-not-leak-0c7e\nSECRET_KEY=LabSecret-flask-do-not-leak-93aa\n' "$pw" >"$w/.env"
  : >"$r/var/log/nordabiznes/access.log"; : >"$r/var/log/nordabiznes/error.log"
  chroot "$r" chown -R maciejpi:maciejpi /var/www/nordabiznes /var/log/nordabiznes
  chmod 600 "$w/.env"
}

# nordabiznes_gunicorn_args BIND: the gunicorn command line of the documented unit, bound to BIND.
nordabiznes_gunicorn_args() {
  echo "/var/www/nordabiznes/venv/bin/gunicorn --bind $1 --workers 4 --timeout 120 --access-logfile /var/log/nordabiznes/access.log --error-logfile /var/log/nordabiznes/error.log app:app"
}
