<div style="text-align:center; padding-top: 30vh">
  <h1>{{ config.site_name }}</h1>
  <p>{{ config.site_description }}</p>
  <p>{{ config.site_url }}</p>
</div>
